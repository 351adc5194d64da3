using Hemingway.Algorithms.Distributed;
using Xunit;

namespace Hemingway.Algorithms.Tests.Distributed;

/// <summary>
/// The saveable generator against the reference it reproduces, System.Random with a seed: the same draws for the same
/// calls, and a saved state that continues the stream where it stopped.
/// </summary>
public class SubtractiveRandomTests
{
    public static TheoryData<int> Seeds => [0, 1, 5, 7919, -3, 161803398, 161803399, int.MaxValue, int.MinValue, -int.MaxValue];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Draws_what_System_Random_draws_for_the_same_seed_and_calls(int seed)
    {
        var reference = new Random(seed);
        var ours = new SubtractiveRandom(seed);
        for (var k = 0; k < 2000; k++)
        {
            switch (k % 5)
            {
                case 0:
                    Assert.Equal(reference.Next(1 + k), ours.Next(1 + k));
                    break;
                case 1:
                    Assert.Equal(reference.Next(k, (3 * k) + 2), ours.Next(k, (3 * k) + 2));
                    break;
                case 2:
                    Assert.Equal(reference.Next(int.MinValue, int.MaxValue), ours.Next(int.MinValue, int.MaxValue));
                    break;
                case 3:
                    Assert.Equal(reference.Next(0), ours.Next(0));
                    break;
                default:
                    Assert.Equal(reference.Next(int.MaxValue), ours.Next(int.MaxValue));
                    break;
            }
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 2)]
    [InlineData(11, 17)]
    [InlineData(-8, 1000)]
    public void Shuffles_as_System_Random_does(int seed, int length)
    {
        var reference = new Random(seed);
        var ours = new SubtractiveRandom(seed);
        var expected = Enumerable.Range(0, length).ToArray();
        var actual = Enumerable.Range(0, length).ToArray();
        for (var round = 0; round < 5; round++)
        {
            reference.Shuffle(expected);
            ours.Shuffle(actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void A_saved_state_continues_the_stream()
    {
        var reference = new Random(42);
        var ours = new SubtractiveRandom(42);
        for (var k = 0; k < 777; k++)
        {
            Assert.Equal(reference.Next(1000), ours.Next(1000));
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ours.Write(writer);
        }

        _ = ours.Next(1000); // the original moves on; the copy must not see it
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var restored = SubtractiveRandom.Read(reader);
        var expected = reference.Next(1000);
        Assert.Equal(expected, restored.Next(1000));
        for (var k = 0; k < 500; k++)
        {
            Assert.Equal(reference.Next(5, 90), restored.Next(5, 90));
        }
    }

    [Fact]
    public void Derived_streams_differ_by_iteration_and_worker_and_repeat_for_the_same_key()
    {
        static int[] Draws(SubtractiveRandom r) => [.. Enumerable.Range(0, 8).Select(_ => r.Next(1_000_000))];

        var a = Draws(SubtractiveRandom.Derived(7, 10, 0));
        Assert.Equal(a, Draws(SubtractiveRandom.Derived(7, 10, 0)));
        Assert.NotEqual(a, Draws(SubtractiveRandom.Derived(7, 11, 0)));
        Assert.NotEqual(a, Draws(SubtractiveRandom.Derived(7, 10, 1)));
        Assert.NotEqual(a, Draws(SubtractiveRandom.Derived(8, 10, 0)));
        Assert.NotEqual(a, Draws(new SubtractiveRandom(7)));
    }

    [Fact]
    public void A_truncated_state_is_refused()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            new SubtractiveRandom(1).Write(writer);
        }

        var bytes = stream.ToArray()[..^4];
        using var reader = new BinaryReader(new MemoryStream(bytes));
        Assert.Throws<EndOfStreamException>(() => SubtractiveRandom.Read(reader));
    }
}
