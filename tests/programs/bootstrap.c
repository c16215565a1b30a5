int main(void) { return 0; }  /* never built: the name is bootstrap's */
