# test and [: strings, numbers, files, ! -a -o ( ), errors.
t() { if "$@"; then echo true; else echo "false $?"; fi; }
t test abc = abc
t test abc != abc
t [ -n "" ]
t [ -z "" ]
t [ 3 -lt 10 ]
t [ 10 -le 9 ]
t [ 5 -eq 5 -a 1 -ne 2 ]
t [ 1 -eq 2 -o "x" = x ]
t [ ! -e nosuch ]
t [ \( 1 -eq 1 \) ]
touch f; mkdir d; ln -s f l
t [ -f f ]; t [ -d d ]; t [ -f d ]; t [ -h l ]; t [ -L f ]; t [ -s f ]
echo x > g; t [ -s g ]; t [ -r g ]
touch -t 202001010000 old; t [ g -nt old ]; t [ g -ot old ]; t [ f -ef f ]
t [ abc ]; t [ "" ]; t test
t [ 1 -eq abc ]
t [ 1 -eq 1
t test 1 -foo 2
t [ b \> a ]
