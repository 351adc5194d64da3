using System.IO.MemoryMappedFiles;

namespace Hemingway.Core.Data;

/// <summary>
/// A read-only memory map of a whole file. The LIBSVM reader parses straight from the page cache this way: no copy of
/// the text, no 2 GB array limit, and any thread can read any part of it.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;

    private MappedFile(MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
    {
        _map = map;
        _view = view;
        Length = length;
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _start = pointer + _view.PointerOffset;
    }

    /// <summary>The file's length in bytes (at least 1).</summary>
    public long Length { get; }

    /// <summary>Maps the file; throws <see cref="DataFormatException"/> when it is missing, unreadable or empty.</summary>
    public static MappedFile Open(string path)
    {
        DataFile.CheckExists(path);
        MemoryMappedFile? map = null;
        try
        {
            var length = new FileInfo(path).Length;
            if (length == 0)
            {
                throw new DataFormatException(path, "empty file");
            }

            map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new MappedFile(map, view, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            map?.Dispose();
            throw DataFile.CannotRead(path, e);
        }
    }

    /// <summary>The bytes [start, start + length) of the file; valid until the file is disposed.</summary>
    public ReadOnlySpan<byte> Slice(long start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Length);
        return new ReadOnlySpan<byte>(_start + start, length);
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
