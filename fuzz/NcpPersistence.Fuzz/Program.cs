using NcpPersistence.Fuzz;

return MutationFuzzer.Run(args);
