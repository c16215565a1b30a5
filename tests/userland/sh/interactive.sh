# An interactive shell (-i) on a pipe: prompts on stderr, a command
# continued over lines, a line with an error does not end the shell.
printf 'echo one\nif true\nthen echo two\nfi\n( ;\necho three\nexit 4\n' | PS1='$ ' PS2='> ' sh -i
echo "status $?"
