namespace Hemingway.Core.Data;

/// <summary>
/// Reads the LIBSVM / SVMlight text format: one example per line, <c>label index:value index:value …</c>, indices
/// 1-based and strictly increasing, an optional <c># comment</c> at the end of a line or on a line of its own.
/// Blank lines are allowed only at the end of the file. Any other deviation is a <see cref="DataFormatException"/>
/// naming the file, line, column and token: a line is never skipped silently.
/// </summary>
/// <remarks>
/// Built for large files: the file is memory-mapped, cut at line boundaries into chunks that are parsed in parallel
/// (numbers parsed on bytes by <see cref="AsciiNumber"/>), and the chunks' entries are written straight into the
/// final CSR arrays.
/// </remarks>
public static class LibSvmReader
{
    // Chunks of at least 1 MB (thread overhead stays small) and a few per core (cores finish at about the same time).
    private const int MinChunkBytes = 1 << 20;
    private const int ChunksPerCore = 4;

    /// <summary>Reads a LIBSVM file into a dataset named <paramref name="name"/> (default: the path).</summary>
    public static Dataset Read(string path, LibSvmReadOptions? options = null, string? name = null)
    {
        options ??= LibSvmReadOptions.Default;
        options.Validate();
        using var file = MappedFile.Open(path);
        var chunks = Split(file, path);

        // Each entry has its own ':', so colon counts give every chunk a safe place in the shared arrays.
        var capacities = new long[chunks.Length];
        Parallel.For(0, chunks.Length, c => capacities[c] = file.Slice(chunks[c].Start, chunks[c].Length).Count((byte)':'));
        long capacity = 0;
        for (var c = 0; c < chunks.Length; c++)
        {
            chunks[c].EntryStart = (int)capacity;
            capacity += capacities[c];
            if (capacity > Array.MaxLength)
            {
                throw new DataFormatException(path, "too many entries for one matrix (more than 2^31)");
            }
        }

        var indices = GC.AllocateUninitializedArray<int>((int)capacity);
        var values = GC.AllocateUninitializedArray<float>((int)capacity);
        var featureLimit = options.Features ?? int.MaxValue;
        Parallel.For(0, chunks.Length, c =>
            chunks[c].Parse(file.Slice(chunks[c].Start, chunks[c].Length), indices, values, featureLimit));

        ThrowFirstError(file, chunks, path);
        return Join(chunks, indices, values, options, name ?? path, path);
    }

    /// <summary>Cuts the file into chunks that end just after a newline (the last one at the end of the file).</summary>
    private static LibSvmChunk[] Split(MappedFile file, string path)
    {
        // At most ~1 GB per chunk as well, so that a chunk's offsets fit an int however large the file.
        var target = (int)Math.Max(
            Math.Clamp(file.Length / MinChunkBytes, 1, Environment.ProcessorCount * ChunksPerCore),
            (file.Length >> 30) + 1);
        var chunks = new List<LibSvmChunk>(target);
        long start = DataFile.ByteOrderMarkLength(file.Slice(0, (int)Math.Min(file.Length, 3)));
        for (var k = 1; k <= target && start < file.Length; k++)
        {
            var end = file.Length * k / target;
            if (k < target && end > start)
            {
                // Move the cut forward to just after the next newline (or the file's end if there is none).
                var rest = file.Slice(end - 1, (int)Math.Min(file.Length - end + 1, int.MaxValue));
                var newline = rest.IndexOf((byte)'\n');
                end = newline < 0 ? file.Length : end + newline;
            }

            if (end <= start)
            {
                continue;
            }

            if (end - start > int.MaxValue)
            {
                throw new DataFormatException(path, "a line longer than 2 GB cannot be read");
            }

            chunks.Add(new LibSvmChunk(start, (int)(end - start)));
            start = end;
        }

        return [.. chunks];
    }

    /// <summary>Throws the first error in file order, with its line number counted from the file's start.</summary>
    private static void ThrowFirstError(MappedFile file, LibSvmChunk[] chunks, string path)
    {
        for (var c = 0; c < chunks.Length; c++)
        {
            var chunk = chunks[c];
            if (chunk.Error is { } error)
            {
                throw new DataFormatException(path, LineOf(file, chunk) + error.Line, error.Column, error.Problem);
            }

            if (chunk.TrailingBlankLine >= 0 && chunks.Skip(c + 1).Any(later => later.HasContent))
            {
                throw new DataFormatException(
                    path, LineOf(file, chunk) + chunk.TrailingBlankLine, 1, "empty line in the middle of the data (every line needs a label)");
            }
        }
    }

    /// <summary>The 1-based line number of a chunk's first line; only needed for error messages.</summary>
    private static long LineOf(MappedFile file, LibSvmChunk chunk)
    {
        long newlines = 0;
        for (long start = 0; start < chunk.Start; start += int.MaxValue)
        {
            newlines += file.Slice(start, (int)Math.Min(chunk.Start - start, int.MaxValue)).Count((byte)'\n');
        }

        return newlines + 1;
    }

    /// <summary>Concatenates the chunks into one dataset, closing the gaps comments with ':' may have left.</summary>
    private static Dataset Join(LibSvmChunk[] chunks, int[] indices, float[] values, LibSvmReadOptions options, string name, string path)
    {
        var rows = 0;
        var entries = 0;
        var maxIndex = 0;
        foreach (var chunk in chunks)
        {
            rows += chunk.Rows;
            maxIndex = Math.Max(maxIndex, chunk.MaxIndex);
            if (chunk.EntryStart != entries)
            {
                Array.Copy(indices, chunk.EntryStart, indices, entries, chunk.Entries);
                Array.Copy(values, chunk.EntryStart, values, entries, chunk.Entries);
            }

            entries += chunk.Entries;
        }

        if (rows == 0)
        {
            throw new DataFormatException(path, "no examples (only blank or comment lines)");
        }

        if (entries != indices.Length)
        {
            Array.Resize(ref indices, entries);
            Array.Resize(ref values, entries);
        }

        var offsets = new int[rows + 1];
        var labels = new double[rows];
        var row = 0;
        foreach (var chunk in chunks)
        {
            chunk.Labels.CopyTo(labels.AsSpan(row));
            foreach (var length in chunk.RowLengths)
            {
                offsets[row + 1] = offsets[row] + length;
                row++;
            }
        }

        LabelMapping.Apply(labels, options.PositiveClass, path);
        return new Dataset(name, new CsrMatrix(options.Features ?? maxIndex, offsets, indices, values), labels);
    }
}
