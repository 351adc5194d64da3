namespace Hemingway.Algorithms.Sdca;

/// <summary>
/// Shrinking for box-constrained dual coordinates (Hsieh et al., ICML 2008; LIBLINEAR's -s 3): an example whose dual
/// variable sits at a bound and whose gradient pushes it further out is dropped from later epochs, because its
/// coordinate step would not move it. When the examples still active look converged, every example comes back and
/// the tolerance tightens tenfold, so nothing stays out that should not.
/// </summary>
/// <remarks>
/// With b = α y ∈ [0, 1] for the hinge loss, the gradient of the (negated) dual in b_i is G = y_i x_i·w − 1, and its
/// projection onto the box is min(G, 0) at b = 0, max(G, 0) at b = 1, G inside.
/// </remarks>
internal sealed class ActiveSet
{
    // The first tolerance on the spread of projected gradients, as LIBLINEAR's default -e.
    private const double InitialTolerance = 0.1;
    private const double SmallestTolerance = 1e-14;

    private double _upperOld = double.PositiveInfinity;
    private double _lowerOld = double.NegativeInfinity;
    private double _upper;
    private double _lower;
    private double _tolerance = InitialTolerance;

    public ActiveSet(int rows)
    {
        Rows = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            Rows[i] = i;
        }

        Count = rows;
    }

    /// <summary>Examples 0 .. Count − 1 of this array are active; the rest are shrunk out.</summary>
    public int[] Rows { get; }

    /// <summary>How many examples are active.</summary>
    public int Count { get; private set; }

    /// <summary>The active examples.</summary>
    public Span<int> Active => Rows.AsSpan(0, Count);

    public void BeginEpoch()
    {
        _upper = double.NegativeInfinity;
        _lower = double.PositiveInfinity;
    }

    /// <summary>
    /// Classifies the example at position <paramref name="position"/> from b = α y and its gradient G: true when it
    /// is shrunk out now (the caller must not advance past it: another example has moved into its position).
    /// </summary>
    public bool TryShrink(int position, double b, double gradient)
    {
        double projected;
        if (b <= 0)
        {
            if (gradient > _upperOld)
            {
                Remove(position);
                return true;
            }

            projected = Math.Min(gradient, 0);
        }
        else if (b >= 1)
        {
            if (gradient < _lowerOld)
            {
                Remove(position);
                return true;
            }

            projected = Math.Max(gradient, 0);
        }
        else
        {
            projected = gradient;
        }

        _upper = Math.Max(_upper, projected);
        _lower = Math.Min(_lower, projected);
        return false;
    }

    /// <summary>Updates the shrinking thresholds, and brings every example back when the active ones look converged.</summary>
    public void EndEpoch()
    {
        if (_upper - _lower <= _tolerance)
        {
            if (Count == Rows.Length)
            {
                _tolerance = Math.Max(_tolerance / 10, SmallestTolerance);
            }

            Count = Rows.Length;
            _upperOld = double.PositiveInfinity;
            _lowerOld = double.NegativeInfinity;
            return;
        }

        _upperOld = _upper > 0 ? _upper : double.PositiveInfinity;
        _lowerOld = _lower < 0 ? _lower : double.NegativeInfinity;
    }

    private void Remove(int position)
    {
        Count--;
        (Rows[position], Rows[Count]) = (Rows[Count], Rows[position]);
    }
}
