using NcpPersistence.Cli;

return CommandLine.Run(args, Console.Out, Console.Error);
