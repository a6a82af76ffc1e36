using NcpPersistence.Cli;

// A closed or broken standard output (`ncp-persistence ... >&-`, a pipe whose reader exited) must not turn
// into a crash: the analysis and its artifacts stand, and the exit code still says what was found.
var stdout = ConsoleWriter.StandardOutput();
var stderr = new ConsoleWriter(Console.Error, flushedFirst: stdout);
var exitCode = CommandLine.Run(args, stdout, stderr);
stdout.Flush();
if (stdout.LostLines > 0)
{
    stderr.WriteLine($"ncp-persistence: warning: standard output could not be written ({stdout.LostLines} lines lost); the exit code and the artifacts are unaffected.");
}

return exitCode;
