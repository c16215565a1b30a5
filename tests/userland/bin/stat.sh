# stat: -c formats, the default layout's lines, errors.
printf '12345' > f; chmod 640 f; touch -t 202001021234 f
stat -c '%n %s %a %A %F %h' f
stat -c '%Y' f
mkdir d; stat -c '%F %A' d
ln -s f l; stat -c '%F' l; stat -L -c '%F' l
stat f | grep -c '^  File: f$'
stat f | grep 'Size:' | { read a size rest; echo "$size"; }
stat nosuch; echo "status $?"
