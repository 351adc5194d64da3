namespace Hemingway.Modeling.Regression;

/// <summary>
/// NumPy's default <c>argsort</c> (kind 'quicksort') for 64-bit integers, step for step: introsort with a
/// median-of-three pivot, insertion sort below 16 elements and a heapsort fallback
/// (<c>aquicksort_</c> and <c>aheapsort_</c> in NumPy 1.24's <c>numpy/core/src/npysort</c>). It is not stable, so
/// scikit-learn's <c>GroupKFold</c>, which orders groups by <c>np.argsort(sizes)[::-1]</c>, depends on exactly how it
/// breaks ties; this reproduces it.
/// </summary>
internal static class NumPySort
{
    private const int SmallQuicksort = 15;

    public static int[] ArgSort(ReadOnlySpan<long> values)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (order.Length > 1)
        {
            IntroSort(values, order);
        }

        return order;
    }

    /// <summary>NumPy's <c>argsort(kind='heapsort')</c>, the fallback of <see cref="ArgSort"/>, whole.</summary>
    internal static int[] ArgHeapSort(ReadOnlySpan<long> values)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        HeapSort(values, order);
        return order;
    }

    private static void IntroSort(ReadOnlySpan<long> v, int[] t)
    {
        var stack = new int[128];
        var depths = new int[64];
        int sp = 0, dp = 0;
        int left = 0, right = t.Length - 1;
        var depth = MostSignificantBit(t.Length) * 2;
        while (true)
        {
            if (depth < 0)
            {
                HeapSort(v, t.AsSpan(left, right - left + 1));
            }
            else
            {
                while (right - left > SmallQuicksort)
                {
                    var middle = left + ((right - left) >> 1);
                    if (v[t[middle]] < v[t[left]])
                    {
                        Swap(t, middle, left);
                    }

                    if (v[t[right]] < v[t[middle]])
                    {
                        Swap(t, right, middle);
                    }

                    if (v[t[middle]] < v[t[left]])
                    {
                        Swap(t, middle, left);
                    }

                    var pivot = v[t[middle]];
                    var i = left;
                    var j = right - 1;
                    Swap(t, middle, j);
                    while (true)
                    {
                        do
                        {
                            i++;
                        }
                        while (v[t[i]] < pivot);

                        do
                        {
                            j--;
                        }
                        while (pivot < v[t[j]]);

                        if (i >= j)
                        {
                            break;
                        }

                        Swap(t, i, j);
                    }

                    Swap(t, i, right - 1);

                    // Push the larger partition, continue with the smaller.
                    if (i - left < right - i)
                    {
                        stack[sp++] = i + 1;
                        stack[sp++] = right;
                        right = i - 1;
                    }
                    else
                    {
                        stack[sp++] = left;
                        stack[sp++] = i - 1;
                        left = i + 1;
                    }

                    depths[dp++] = --depth;
                }

                for (var i = left + 1; i <= right; i++)
                {
                    var item = t[i];
                    var value = v[item];
                    var j = i;
                    while (j > left && value < v[t[j - 1]])
                    {
                        t[j] = t[j - 1];
                        j--;
                    }

                    t[j] = item;
                }
            }

            if (sp == 0)
            {
                return;
            }

            right = stack[--sp];
            left = stack[--sp];
            depth = depths[--dp];
        }
    }

    /// <summary>NumPy's <c>aheapsort_</c> on one slice of the permutation (1-based heap indexing).</summary>
    private static void HeapSort(ReadOnlySpan<long> v, Span<int> t)
    {
        var n = t.Length;
        for (var l = n >> 1; l > 0; l--)
        {
            SiftDown(v, t, t[l - 1], l, n);
        }

        while (n > 1)
        {
            var item = t[n - 1];
            t[n - 1] = t[0];
            n--;
            SiftDown(v, t, item, 1, n);
        }
    }

    /// <summary>Moves <paramref name="item"/> down from heap position <paramref name="i"/> in a heap of <paramref name="n"/> entries.</summary>
    private static void SiftDown(ReadOnlySpan<long> v, Span<int> t, int item, int i, int n)
    {
        var j = i << 1;
        while (j <= n)
        {
            if (j < n && v[t[j - 1]] < v[t[j]])
            {
                j++;
            }

            if (v[item] < v[t[j - 1]])
            {
                t[i - 1] = t[j - 1];
                i = j;
                j += j;
            }
            else
            {
                break;
            }
        }

        t[i - 1] = item;
    }

    private static int MostSignificantBit(int n)
    {
        var bit = 0;
        while ((n >>= 1) != 0)
        {
            bit++;
        }

        return bit;
    }

    private static void Swap(int[] t, int a, int b) => (t[a], t[b]) = (t[b], t[a]);
}
