using Hemingway.Algorithms;
using Hemingway.Algorithms.Distributed;
using Hemingway.Core;
using Hemingway.Core.Data;
using Hemingway.Core.Losses;
using Hemingway.Core.Objectives;
using Hemingway.Engines.Checkpoints;
using Hemingway.Engines.Tests.Traces;
using Hemingway.Engines.Traces;
using Hemingway.Testing;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Hemingway.Engines.Tests.Checkpoints;

public sealed class CheckpointStoreTests : IDisposable
{
    private static readonly RunSetup Setup = new(
        new DatasetLoadOptions { Features = 20, PositiveClass = 2 },
        new AlgorithmSettings(0.123456789, 0.75, 1, 7),
        new StopCriteria(MaxIterations: 40, TargetSuboptimality: 1e-6, TimeLimit: TimeSpan.FromSeconds(12.5), OptimalPrimal: 0.25),
        "measured",
        "0123456789abcdef");

    private readonly TraceFolder _folder = new();

    private string StorePath => _folder.File("traces.db");

    private static RunCheckpoint Checkpoint(int iterations)
    {
        var problem = new RegularizedProblem(RandomProblems.Sparse(60, 8, 0.4, seed: 3), LossCatalog.Parse("hinge"), 0.01);
        var session = new BspSession(new RunRequest(problem, new CoCoA(adding: true), 3), new InProcessEngine());
        for (var i = 0; i < iterations; i++)
        {
            session.Step();
        }

        return session.Checkpoint();
    }

    [Fact]
    public void The_latest_checkpoint_of_a_run_round_trips_and_replaces_the_one_before()
    {
        using var traces = TraceStore.Open(StorePath);
        using (traces.BeginRun(TraceTestData.Run("r1")))
        {
        }

        using var store = CheckpointStore.Open(traces);
        Assert.Null(store.Latest("r1"));
        store.Save("r1", Checkpoint(2), Setup);
        var latest = Checkpoint(5);
        store.Save("r1", latest, Setup);

        using var reopenedTraces = TraceStore.Open(StorePath);
        using var reopened = CheckpointStore.Open(reopenedTraces);
        var stored = reopened.Latest("r1");
        Assert.NotNull(stored);
        Assert.Equal(5, stored.Checkpoint.Iteration);
        Assert.Equal(latest.Serialize(), stored.Checkpoint.Serialize());
        Assert.Equal(Setup with { Stop = Setup.Stop with { OptimalPrimal = null } }, stored.Setup);
        Assert.Equal(0.123456789, stored.Setup.Settings.LocalIterationFraction);
        Assert.InRange(stored.Saved, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Null(reopened.Latest("other"));

        using var connection = new SqliteConnection($"Data Source={StorePath}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM checkpoints;";
        Assert.Equal(1L, count.ExecuteScalar());
    }

    [Fact]
    public void Deleting_a_run_deletes_its_checkpoint_and_origin()
    {
        using var traces = TraceStore.Open(StorePath);
        using (traces.BeginRun(TraceTestData.Run("old")))
        using (traces.BeginRun(TraceTestData.Run("new")))
        {
        }

        using var store = CheckpointStore.Open(traces);
        store.Save("old", Checkpoint(1), Setup);
        store.RecordResume("new", "old", 1);
        Assert.Equal(new ResumeOrigin("new", "old", 1), store.FindOrigin("new"));
        Assert.Null(store.FindOrigin("old"));

        Assert.True(traces.DeleteRun("old"));
        Assert.True(traces.DeleteRun("new"));
        Assert.Null(store.Latest("old"));
        Assert.Null(store.FindOrigin("new"));
    }

    [Fact]
    public void A_checkpoint_of_a_run_not_in_the_store_is_refused_and_the_store_still_opens()
    {
        using (var traces = TraceStore.Open(StorePath))
        {
            using var store = CheckpointStore.Open(traces);
            var error = Assert.Throws<HemingwayException>(() => store.Save("ghost", Checkpoint(1), Setup));
            Assert.Contains(StorePath, error.Message, StringComparison.Ordinal);
        }

        // The extra tables do not make the file look like someone else's database.
        using var again = TraceStore.Open(StorePath);
        Assert.Empty(again.ListRuns());
    }

    public void Dispose() => _folder.Dispose();
}
