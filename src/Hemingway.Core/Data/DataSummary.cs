namespace Hemingway.Core.Data;

/// <summary>
/// The shape of a dataset at a glance, as <c>hemingway data info</c> prints it.
/// </summary>
/// <param name="Name">The dataset's name (its spec).</param>
/// <param name="Rows">Number of examples n.</param>
/// <param name="Features">Dimension d.</param>
/// <param name="NonZeros">Number of stored entries.</param>
/// <param name="Positives">Examples labelled +1.</param>
/// <param name="Negatives">Examples labelled −1.</param>
/// <param name="OtherLabels">Examples with any other label (regression targets).</param>
/// <param name="EmptyRows">Examples with no stored entry.</param>
/// <param name="MaxRowNonZeros">The most entries in one row.</param>
public sealed record DataSummary(
    string Name, int Rows, int Features, long NonZeros, int Positives, int Negatives, int OtherLabels, int EmptyRows, int MaxRowNonZeros)
{
    /// <summary>Fraction of the n × d matrix that is stored, nnz / (n d); 0 for an empty matrix.</summary>
    public double Density => Rows == 0 || Features == 0 ? 0 : NonZeros / ((double)Rows * Features);

    /// <summary>Average stored entries per row.</summary>
    public double MeanRowNonZeros => Rows == 0 ? 0 : NonZeros / (double)Rows;

    /// <summary>Share of +1 labels among the ±1 labels; 0 when there are none.</summary>
    public double PositiveFraction => Positives + Negatives == 0 ? 0 : Positives / (double)(Positives + Negatives);

    /// <summary>True when every label is ±1, i.e. the data suits a classification loss.</summary>
    public bool IsBinary => OtherLabels == 0;

    /// <summary>Summarises a dataset.</summary>
    public static DataSummary Of(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int positives = 0, negatives = 0, others = 0, empty = 0, widest = 0;
        for (var i = 0; i < data.Rows; i++)
        {
            switch (data.Labels[i])
            {
                case 1.0:
                    positives++;
                    break;
                case -1.0:
                    negatives++;
                    break;
                default:
                    others++;
                    break;
            }

            var length = data.Features.RowOffsets[i + 1] - data.Features.RowOffsets[i];
            empty += length == 0 ? 1 : 0;
            widest = Math.Max(widest, length);
        }

        return new DataSummary(data.Name, data.Rows, data.Dimension, data.Features.NonZeros, positives, negatives, others, empty, widest);
    }
}
