# ; && || and their statuses.
true && echo and-yes
false && echo and-no
false || echo or-yes
true || echo or-no
false && echo x || echo fallback
true; false; echo "after false: $?"
echo a; echo b ; echo c
true && { echo group; false; } || echo "group failed"
