using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Hemingway.Core.Data;

/// <summary>
/// A content hash of a dataset (its CSR arrays and labels), so results computed once for some data, such as its
/// optimum, are found again for the same data whatever file or spec it was loaded from.
/// </summary>
public static class DatasetFingerprint
{
    /// <summary>The first 16 hex digits of SHA-256 over the dimension, row offsets, indices, values and labels.</summary>
    public static string Compute(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var x = data.Features;
        hash.AppendData(BitConverter.GetBytes(x.Columns));
        hash.AppendData(MemoryMarshal.AsBytes(x.RowOffsets.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(x.Indices.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(x.Values.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(data.Labels.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
