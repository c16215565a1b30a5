# As the student (su student): Unix refuses what it refuses, and the
# student's own files are the student's.
id -un
echo x >/etc/newfile 2>/dev/null || echo "cannot write in /etc"
ls /root >/dev/null 2>&1 || echo "cannot list /root"
touch /bin/ls 2>/dev/null || echo "cannot touch /bin/ls"
rm /etc/passwd 2>/dev/null || echo "cannot remove /etc/passwd"
chmod 777 /etc/passwd 2>/dev/null || echo "cannot chmod /etc/passwd"
chown student /etc/group 2>/dev/null || echo "cannot chown /etc/group"
kill -TERM 1 2>/dev/null || echo "cannot signal init"
halt 2>/dev/null || echo "cannot halt"
su root -c true 2>/dev/null || echo "cannot su to root"
rm -f /tmp/fruit 2>/dev/null; test -f /tmp/fruit && echo "root's file in sticky /tmp stays"
echo mine >/tmp/mine && rm /tmp/mine && echo "own file in /tmp removed"
cd && pwd
echo mine >mine && cat mine && rm mine
mkdir -p d/e && chmod 700 d && ls -ld d | while read mode n owner rest; do echo "$mode $owner"; done
ls -l /etc/passwd | while read mode n owner group rest; do echo "$mode $owner"; done
rm -r d && echo "own tree removed"
