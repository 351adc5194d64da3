using FsCheck;
using FsCheck.Fluent;
using Hemingway.Core;
using Hemingway.Modeling.Regression;
using Xunit;

namespace Hemingway.Modeling.Tests.Regression;

/// <summary>
/// The splits against scikit-learn's <c>KFold</c> and <c>GroupKFold</c> (whose group order comes from NumPy's unstable
/// argsort, so that is checked against NumPy too), and the partition invariants as properties.
/// </summary>
public class CrossValidationFoldsTests
{
    private static readonly Gen<(int Rows, int Folds, int Groups, int Seed)> Splits =
        from rows in Gen.Choose(2, 400)
        from folds in Gen.Choose(2, Math.Min(rows, 12))
        from groups in Gen.Choose(folds, Math.Max(folds, Math.Min(rows, 60)))
        from seed in Gen.Choose(0, int.MaxValue)
        select (rows, folds, groups, seed);

    [Fact]
    public void Splits_and_argsort_agree_with_scikit_learn_and_numpy()
    {
        var random = new Random(3);

        // Arrays of every length up to 200 with heavy ties (few distinct values), the case an unstable sort decides.
        var arrays = Enumerable.Range(0, 201)
            .Select(length => Enumerable.Range(0, length).Select(_ => (long)random.Next(0, 1 + (length / 8))).ToArray())
            .ToArray();
        var groupings = new[]
        {
            (Name: "tied-30", Groups: Enumerable.Range(0, 600).Select(i => 100 + (i * 7 % 30)).ToArray(), Folds: 5),
            (Name: "uneven", Groups: Enumerable.Range(0, 500).Select(_ => random.Next(0, 45) * random.Next(0, 3)).ToArray(), Folds: 7),
            (Name: "machines", Groups: Enumerable.Range(0, 1200).Select(i => 1 << (i / 200)).ToArray(), Folds: 5),
        };
        var kfolds = new[] { (Rows: 50, Folds: 5), (Rows: 1203, Folds: 5), (Rows: 17, Folds: 4), (Rows: 7, Folds: 7) };

        var cases = new List<(System.Text.Json.Nodes.JsonObject, double[,]?, double[]?)>
        {
            (ScikitLearnLasso.Case("argsort", "argsort", new { arrays, sort = "quicksort" }), null, null),
            (ScikitLearnLasso.Case("argsort", "heapsort", new { arrays, sort = "heapsort" }), null, null),
        };
        cases.AddRange(groupings.Select(g => (
            ScikitLearnLasso.Case("groupkfold", g.Name, new { folds = g.Folds, groups = g.Groups }),
            (double[,]?)new double[g.Groups.Length, 1],
            (double[]?)new double[g.Groups.Length])));
        cases.AddRange(kfolds.Select(k => (
            ScikitLearnLasso.Case("kfold", $"kfold-{k.Rows}-{k.Folds}", new { rows = k.Rows, folds = k.Folds }),
            (double[,]?)null,
            (double[]?)null)));
        var reference = ScikitLearnLasso.Run(cases);

        // The introsort, and its heapsort fallback on its own (NumPy's kind='heapsort' is the same routine).
        var sorted = reference["argsort"]!.AsArray();
        var heaped = reference["heapsort"]!.AsArray();
        for (var a = 0; a < arrays.Length; a++)
        {
            Assert.Equal(ScikitLearnLasso.Ints(sorted[a]!), NumPySort.ArgSort(arrays[a]));
            Assert.Equal(ScikitLearnLasso.Ints(heaped[a]!), NumPySort.ArgHeapSort(arrays[a]));
        }

        foreach (var g in groupings)
        {
            var expected = reference[g.Name]!.AsArray().Select(fold => ScikitLearnLasso.Ints(fold!)).ToArray();
            var actual = CrossValidationFolds.GroupKFold(g.Groups, g.Folds).Select(fold => fold.Test).ToArray();
            Assert.Equal(expected, actual);
        }

        foreach (var k in kfolds)
        {
            var expected = reference[$"kfold-{k.Rows}-{k.Folds}"]!.AsArray().Select(fold => ScikitLearnLasso.Ints(fold!)).ToArray();
            Assert.Equal(expected, CrossValidationFolds.KFold(k.Rows, k.Folds).Select(fold => fold.Test).ToArray());
        }
    }

    [Fact]
    public void Argsort_sorts_inputs_that_push_quicksort_deep()
    {
        // Organ-pipe and sawtooth inputs push median-of-three quicksort deep; whatever path it takes, it must sort.
        for (var length = 0; length < 3000; length += 37)
        {
            var organ = Enumerable.Range(0, length).Select(i => (long)Math.Min(i, length - i)).ToArray();
            var saw = Enumerable.Range(0, length).Select(i => (long)(i % 17)).ToArray();
            foreach (var values in new[] { organ, saw })
            {
                var order = NumPySort.ArgSort(values);
                Assert.Equal(Enumerable.Range(0, length), order.Order());
                Assert.True(order.Zip(order.Skip(1)).All(p => values[p.First] <= values[p.Second]));
            }
        }
    }

    [Fact]
    public void Every_row_is_held_out_exactly_once_and_trained_on_elsewhere()
    {
        Prop.ForAll(Splits.ToArbitrary(), s =>
        {
            var random = new Random(s.Seed);
            var labels = Enumerable.Range(0, s.Rows).Select(i => i < s.Groups ? i : random.Next(0, s.Groups)).ToArray();
            foreach (var folds in new[] { CrossValidationFolds.KFold(s.Rows, s.Folds), CrossValidationFolds.GroupKFold(labels, Math.Min(s.Folds, s.Groups)) })
            {
                var held = folds.SelectMany(f => f.Test).Order();
                if (!held.SequenceEqual(Enumerable.Range(0, s.Rows))
                    || folds.Any(f => f.Test.Length == 0 || !f.Train.Concat(f.Test).Order().SequenceEqual(Enumerable.Range(0, s.Rows)))
                    || folds.Any(f => !f.Train.SequenceEqual(f.Train.Order()) || !f.Test.SequenceEqual(f.Test.Order())))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Kfold_blocks_are_contiguous_and_the_first_ones_larger()
    {
        Prop.ForAll(Splits.ToArbitrary(), s =>
        {
            var folds = CrossValidationFolds.KFold(s.Rows, s.Folds);
            var start = 0;
            for (var f = 0; f < folds.Length; f++)
            {
                var size = (s.Rows / s.Folds) + (f < s.Rows % s.Folds ? 1 : 0);
                if (!folds[f].Test.SequenceEqual(Enumerable.Range(start, size)))
                {
                    return false;
                }

                start += size;
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Group_folds_keep_every_group_whole()
    {
        Prop.ForAll(Splits.ToArbitrary(), s =>
        {
            var random = new Random(s.Seed);
            var labels = Enumerable.Range(0, s.Rows).Select(i => i < s.Groups ? i : random.Next(0, s.Groups)).ToArray();
            var folds = CrossValidationFolds.GroupKFold(labels, Math.Min(s.Folds, s.Groups));
            return folds.All(f => !f.Test.Select(i => labels[i]).Intersect(f.Train.Select(i => labels[i])).Any());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Too_many_folds_is_a_user_error()
    {
        Assert.Throws<HemingwayException>(() => CrossValidationFolds.KFold(4, 5));
        Assert.Throws<HemingwayException>(() => CrossValidationFolds.KFold(10, 1));
        Assert.Throws<HemingwayException>(() => CrossValidationFolds.GroupKFold([1, 1, 2, 2, 3], 4));
    }
}
