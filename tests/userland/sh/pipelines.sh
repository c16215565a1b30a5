# Pipelines: data flows left to right; the status is the last command's.
printf 'b\na\nc\n' | sort
printf 'x\ny\nz\n' | grep -v y | wc -l
echo one two three | cat | cat | cat
false | true; echo "status $?"
true | false; echo "status $?"
! false; echo "negated $?"
! true | true; echo "negated pipe $?"
echo a |
  cat
# A long pipeline of our programs.
printf '3\n1\n2\n1\n' | sort -n | uniq | head -n 2 | tail -n 1
