# touch: create, -t, -r, -c, -a, -m.
touch new; ls new
touch -c absent; ls absent 2>/dev/null; echo "not created $?"
touch -t 200102030405.06 t; stat -c '%Y' t; date -r $(stat -c '%Y' t) '+%Y-%m-%d %H:%M:%S'
touch -r t copy; stat -c '%Y' copy
touch -t 201001010000 am; touch -a -t 201501010000 am; stat -c '%X %Y' am
touch -t 9999; echo "bad time $?"
touch /nonexistent/x; echo "bad dir $?"
