using System.CommandLine;
using Hemingway.Core;
using Hemingway.Mpi;

namespace Hemingway.Cli.Commands;

/// <summary>
/// <c>hemingway rank</c> (hidden): what every rank of an <c>mpirun</c> job runs. <c>hemingway run --engine mpi</c> starts
/// it with <c>--plan</c>; <c>--selftest</c> checks the MPI bindings across the ranks and <c>--allreduce-bench N</c> times
/// them (see bench/mpi-allreduce).
/// </summary>
internal static class RankCommand
{
    public static Command Create()
    {
        var plan = new Option<string?>("--plan")
        {
            Description = "Take part in this run (written by hemingway run --engine mpi)",
            HelpName = "PLAN",
        };
        var selfTest = new Option<bool>("--selftest")
        {
            Description = "Check broadcast, allreduce, barrier and the clock across the ranks; rank 0 prints one JSON line",
        };
        var bench = new Option<int?>("--allreduce-bench")
        {
            Description = "Time N in-place sum allreduces of --doubles doubles; rank 0 prints the seconds per allreduce",
            HelpName = "N",
        };
        var doubles = new Option<int>("--doubles")
        {
            Description = "--allreduce-bench: doubles per allreduce",
            DefaultValueFactory = _ => 1_000_000,
        };
        var warmup = new Option<int>("--warmup")
        {
            Description = "--allreduce-bench: untimed allreduces first",
            DefaultValueFactory = _ => 5,
        };

        var command = new Command("rank", "One rank of an MPI job (started by mpirun, not by hand)")
        {
            Hidden = true,
        };
        command.Options.Add(plan);
        command.Options.Add(selfTest);
        command.Options.Add(bench);
        command.Options.Add(doubles);
        command.Options.Add(warmup);
        command.SetAction(parsed =>
        {
            var stdout = parsed.InvocationConfiguration.Output;
            var stderr = parsed.InvocationConfiguration.Error;
            var modes = new[] { parsed.GetValue(plan) is not null, parsed.GetValue(selfTest), parsed.GetValue(bench) is not null }.Count(m => m);
            if (modes != 1)
            {
                throw new HemingwayException("rank: give exactly one of --plan, --selftest and --allreduce-bench");
            }

            if (parsed.GetValue(plan) is { } encoded)
            {
                return MpiRank.Run(MpiRunPlan.Decode(encoded), stdout, stderr, Console.In);
            }

            if (parsed.GetValue(selfTest))
            {
                return MpiRank.SelfTest(stdout, stderr);
            }

            var repetitions = parsed.GetValue(bench)!.Value;
            if (repetitions < 1 || parsed.GetValue(doubles) < 1 || parsed.GetValue(warmup) < 0)
            {
                throw new HemingwayException("rank: --allreduce-bench and --doubles must be ≥ 1, --warmup ≥ 0");
            }

            return MpiRank.AllreduceBench(repetitions, parsed.GetValue(doubles), parsed.GetValue(warmup), stdout, stderr);
        });
        return command;
    }
}
