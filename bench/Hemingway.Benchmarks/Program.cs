using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Hemingway.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
