# ls: names, -a -A -d -F -R -l -n -r -t -1, errors.
mkdir d d/sub; touch d/b d/a d/.dot d/sub/inner
ls d
ls -a d
ls -A d
ls -1 d/sub
ls -d d
ls -F d
ls -R d
ls -r d
touch -t 202001010000 d/a; touch -t 202201010000 d/b
ls -t d
ls d/a d/b
ls d/sub d/a
printf 'hello' > f; chmod 640 f; touch -t 202001021234 f
ls -l f | { read mode links user group size mon day year name; echo "$mode $links $size $mon $day $year $name"; }
ls -ln f | { read mode links uid gid rest; [ "$uid" = "$(id -u)" ] && echo numeric-uid; }
ln -s f link; ls -l link | { read mode rest; echo "$mode ${rest##* }"; }
ls -l d | head -n 1 | { read word n; echo "$word"; }
ls nosuch; echo "status $?"
ls -z; echo "status $?"
