# grep: BRE, -E, -F, -i -v -c -l -n -x -q -s -h -H -e, statuses.
printf 'apple\nbanana\ncherry\nApple pie\n' > fruit
printf 'carrot\napple\n' > veg
grep apple fruit
grep -i apple fruit
grep -v an fruit
grep -c a fruit
grep -n 'e$' fruit
grep '^[ab]' fruit
grep 'an\{2\}' fruit; echo "interval $?"
grep '\(an\)\1' fruit
grep -E 'ch|pie' fruit
grep -F '.*' fruit; echo "fixed $?"
grep -x apple fruit veg
grep -l apple fruit veg
grep -h apple fruit veg
grep -H cherry fruit
grep -e carrot -e cherry fruit veg
grep -q banana fruit; echo "quiet $?"
grep nothing fruit; echo "none $?"
grep apple nosuch; echo "missing $?"
grep -s apple nosuch fruit; echo "silent $?"
grep 'a\(' fruit; echo "bad pattern $?"
echo 'x.y' | grep 'x\.y'
