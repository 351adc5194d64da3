using Hemingway.Core;

namespace Hemingway.Modeling.Regression;

/// <summary>One train/test split; both index lists ascending, together every row exactly once.</summary>
internal sealed record Fold(int[] Train, int[] Test);

/// <summary>
/// scikit-learn's splitters without shuffling: <c>KFold</c> and <c>GroupKFold</c> (as in 1.2.1,
/// <c>sklearn/model_selection/_split.py</c>).
/// </summary>
internal static class CrossValidationFolds
{
    /// <summary>
    /// <c>KFold(n_splits=folds)</c>: contiguous test blocks in row order, the first n mod k of them one row larger.
    /// </summary>
    public static Fold[] KFold(int rows, int folds)
    {
        if (folds < 2 || folds > rows)
        {
            throw new HemingwayException($"lasso-cv: {folds} folds need between 2 and the number of rows ({rows})");
        }

        var assignment = new int[rows];
        var start = 0;
        for (var f = 0; f < folds; f++)
        {
            var size = (rows / folds) + (f < rows % folds ? 1 : 0);
            Array.Fill(assignment, f, start, size);
            start += size;
        }

        return Split(assignment, folds);
    }

    /// <summary>
    /// <c>GroupKFold(n_splits=folds)</c>: groups in order of decreasing size (ties as NumPy's default introsort
    /// <c>argsort</c> leaves them, reversed), each into the fold with the fewest rows so far (the first such fold).
    /// </summary>
    public static Fold[] GroupKFold(IReadOnlyList<int> groups, int folds)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var distinct = groups.Distinct().Order().ToArray();
        if (folds < 2 || folds > distinct.Length)
        {
            throw new HemingwayException(
                $"lasso-cv: {folds} folds need between 2 and the number of distinct groups ({distinct.Length})");
        }

        // np.unique(groups, return_inverse=True) and np.bincount.
        var index = new Dictionary<int, int>(distinct.Length);
        for (var g = 0; g < distinct.Length; g++)
        {
            index[distinct[g]] = g;
        }

        var inverse = new int[groups.Count];
        var sizes = new long[distinct.Length];
        for (var i = 0; i < groups.Count; i++)
        {
            inverse[i] = index[groups[i]];
            sizes[inverse[i]]++;
        }

        var order = NumPySort.ArgSort(sizes);
        Array.Reverse(order);
        var foldSizes = new long[folds];
        var groupToFold = new int[distinct.Length];
        foreach (var group in order)
        {
            var lightest = 0;
            for (var f = 1; f < folds; f++)
            {
                if (foldSizes[f] < foldSizes[lightest])
                {
                    lightest = f;
                }
            }

            foldSizes[lightest] += sizes[group];
            groupToFold[group] = lightest;
        }

        var assignment = new int[groups.Count];
        for (var i = 0; i < assignment.Length; i++)
        {
            assignment[i] = groupToFold[inverse[i]];
        }

        return Split(assignment, folds);
    }

    private static Fold[] Split(int[] assignment, int folds)
    {
        var result = new Fold[folds];
        for (var f = 0; f < folds; f++)
        {
            var test = new List<int>();
            var train = new List<int>();
            for (var i = 0; i < assignment.Length; i++)
            {
                (assignment[i] == f ? test : train).Add(i);
            }

            result[f] = new Fold([.. train], [.. test]);
        }

        return result;
    }
}
