# chmod: octal and symbolic modes, -R; chown: numeric ids, errors.
touch f; chmod 644 f
mode() { ls -ld "$1" | { read m rest; echo "$m"; }; }
chmod 755 f; mode f
chmod u-x,go-rx f; mode f
chmod a+r f; mode f
chmod u=rwx,g=u,o= f; mode f
chmod +x f; mode f
chmod 4755 f; mode f
chmod 1777 f; mode f
mkdir d; touch d/x; chmod -R go-rwx d; mode d; mode d/x
chmod 644 f; chmod a+X f; mode f
chmod bogus f; echo "bad mode $?"
chmod 644 nosuch; echo "missing $?"
chown $(id -u):$(id -g) f; echo "chown self $?"
chown :$(id -g) f; echo "chown group $?"
chown nosuchuser f; echo "bad user $?"
