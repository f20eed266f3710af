// Placeholder main until the subcommands land.
int main() { return 0; }
