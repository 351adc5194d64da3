using System.CommandLine;
using System.Globalization;
using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Cli.Advice;
using Hemingway.Cli.Output;
using Hemingway.Cli.Runs;
using Hemingway.Core;
using Hemingway.Core.Losses;
using Hemingway.Engines.Traces;
using Hemingway.Modeling.SystemModel;
using Hemingway.Mpi;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway ernest measure</c>: the measurements Ernest's model is fitted on, taken with real processes — for every
/// machine count and data fraction, a short <c>mpirun -np m</c> run of the algorithm, its mean seconds per iteration
/// after the first written as one line of Ernest's CSV (<c>machines,fraction,time</c>).
/// </summary>
internal static class ErnestMeasureCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var loss = new Option<string>("--loss") { Description = "Loss φ", DefaultValueFactory = _ => "hinge" };
        var lambda = new Option<double>("--lambda") { Description = "L2 regularization λ; must be > 0", DefaultValueFactory = _ => 1e-4 };
        var algorithm = new Option<string>("--algorithm") { Description = "The algorithm timed: " + string.Join(", ", AlgorithmCatalog.Names), DefaultValueFactory = _ => "cocoa+" };
        var machines = new Option<string>("--machines") { Description = "Comma-separated machine counts (MPI ranks)", DefaultValueFactory = _ => "1,2,4", HelpName = "m1,m2,…" };
        var fractions = new Option<string>("--fractions") { Description = "Comma-separated data fractions in (0, 1]", DefaultValueFactory = _ => "0.25,0.5,1", HelpName = "s1,s2,…" };
        var transport = new Option<string>("--transport") { Description = "shm (shared memory) or tcp (loopback TCP, a stand-in for a network)", DefaultValueFactory = _ => MpiLaunchOptions.SharedMemory };
        var iterations = new Option<int>("--iterations") { Description = "Iterations per point: the first warms up, the others are timed", DefaultValueFactory = _ => 10, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seed of the subsamples and partitions", DefaultValueFactory = _ => 0 };
        var store = new Option<string>("--store") { Description = "The trace store the timing runs are recorded in", DefaultValueFactory = _ => TraceStore.DefaultPath, HelpName = "FILE" };
        var output = new Option<string?>("--out") { Description = "Write the CSV to this file (default: stdout)", HelpName = "FILE.csv" };
        loss.AcceptOnlyFromAmong([.. LossCatalog.Names]);
        algorithm.AcceptOnlyFromAmong([.. AlgorithmCatalog.Names]);
        transport.AcceptOnlyFromAmong([.. MpiLaunchOptions.Transports]);
        var command = new Command("measure", "Measure seconds per iteration with real MPI processes at machines × fractions, as Ernest's CSV");
        data.AddTo(command);
        foreach (var option in new Option[] { loss, lambda, algorithm, machines, fractions, transport, iterations, seed, store, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed =>
        {
            var settings = new TrainingSettings(
                parsed.GetValue(data.Data)!, data.LoadOptions(parsed), 1.0, parsed.GetValue(loss)!, Positive(parsed.GetValue(lambda), "--lambda"),
                new StopCriteria(), parsed.GetValue(seed), "mpi", "", "", AlgorithmSettings.Default, true, false, parsed.GetValue(store)!);
            var launch = new MpiLaunchOptions(parsed.GetValue(transport)!);
            _ = new MpiLauncher(launch).Check();
            var design = (from s in List(parsed.GetValue(fractions)!, "--fractions", double.Parse, f => f > 0 && f <= 1)
                          from m in List(parsed.GetValue(machines)!, "--machines", int.Parse, m => m >= 1)
                          select new DesignPoint(m, m, s, 0, 1)).ToList();
            var progress = ProgressLine.ForConsole(parsed.InvocationConfiguration.Error);
            var loaded = LoadedProblem.Load(settings, progress);
            using var interrupt = new InterruptSignal();
            var perPoint = parsed.GetValue(iterations);
            if (perPoint < 3)
            {
                throw new HemingwayException($"--iterations must be ≥ 3 (one to warm up, two timed), got {perPoint}");
            }

            var timer = new MpiSystemTimer(settings, launch, loaded.Problem.Rows, perPoint);
            var points = new List<ErnestPoint>();
            foreach (var point in design)
            {
                progress.Update($"mpirun -np {point.Machines}: {parsed.GetValue(algorithm)} on fraction {point.Fraction.ToString(CultureInfo.InvariantCulture)} of {settings.DataSpec}", force: true);
                points.AddRange(timer.Measure(loaded.Problem, parsed.GetValue(algorithm)!, [point], interrupt.Token).Points);
            }

            progress.Finish();
            var lines = new List<string> { $"# machines,fraction,time (s per iteration): {parsed.GetValue(algorithm)} on {settings.DataSpec}, {timer.Description}" };
            lines.AddRange(points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Machines},{p.Fraction:R},{p.Seconds:R}")));
            if (parsed.GetValue(output) is { } path)
            {
                File.WriteAllLines(path, lines);
            }
            else
            {
                foreach (var line in lines)
                {
                    parsed.InvocationConfiguration.Output.WriteLine(line);
                }
            }

            return CliApp.Success;
        });
        return command;
    }

    private static double Positive(double value, string name) =>
        value > 0 ? value : throw new HemingwayException($"{name} must be > 0, got {value.ToString(CultureInfo.InvariantCulture)}");

    private static List<T> List<T>(string text, string name, Func<string, IFormatProvider, T> parse, Func<T, bool> valid)
    {
        var values = new List<T>();
        foreach (var token in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            T value;
            try
            {
                value = parse(token, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new HemingwayException($"{name}: '{token}' is not a number");
            }

            values.Add(valid(value) ? value : throw new HemingwayException($"{name}: {token} is out of range"));
        }

        return values.Count > 0 ? values : throw new HemingwayException($"{name}: give at least one value");
    }
}
