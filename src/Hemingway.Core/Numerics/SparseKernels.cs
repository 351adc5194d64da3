using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hemingway.Core.Numerics;

/// <summary>
/// The two sparse-times-dense kernels every solver spends its time in. They gather and scatter through an index
/// list, which TensorPrimitives cannot express, so they are plain loops over spans with the bounds checks removed
/// (indices are validated once, when a dataset is read).
/// </summary>
public static class SparseKernels
{
    /// <summary>Σ_k values[k] · dense[indices[k]], accumulated in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<double> dense)
    {
        ref var index = ref MemoryMarshal.GetReference(indices);
        ref var value = ref MemoryMarshal.GetReference(values);
        ref var w = ref MemoryMarshal.GetReference(dense);
        var n = indices.Length;

        // Two accumulators let consecutive gathers overlap instead of waiting on one dependency chain.
        double s0 = 0, s1 = 0;
        var k = 0;
        for (; k + 1 < n; k += 2)
        {
            s0 += Unsafe.Add(ref value, k) * Unsafe.Add(ref w, Unsafe.Add(ref index, k));
            s1 += Unsafe.Add(ref value, k + 1) * Unsafe.Add(ref w, Unsafe.Add(ref index, k + 1));
        }

        if (k < n)
        {
            s0 += Unsafe.Add(ref value, k) * Unsafe.Add(ref w, Unsafe.Add(ref index, k));
        }

        return s0 + s1;
    }

    /// <summary>dense[indices[k]] += scale · values[k] for every stored entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(double scale, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<double> dense)
    {
        ref var index = ref MemoryMarshal.GetReference(indices);
        ref var value = ref MemoryMarshal.GetReference(values);
        ref var w = ref MemoryMarshal.GetReference(dense);
        for (var k = 0; k < indices.Length; k++)
        {
            Unsafe.Add(ref w, Unsafe.Add(ref index, k)) += scale * Unsafe.Add(ref value, k);
        }
    }
}
