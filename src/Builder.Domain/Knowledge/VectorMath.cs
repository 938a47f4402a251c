using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Builder.Domain.Knowledge;

/// <summary>Vectors as the index stores them: L2-normalised float32, persisted as little-endian bytes.</summary>
public static class VectorMath
{
    /// <summary>Scales the vector to length 1 in place (a zero vector stays zero).</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0 && float.IsFinite(norm)) TensorPrimitives.Divide(vector, norm, vector);
    }

    /// <summary>The float32 little-endian bytes of a vector (4 bytes a dimension).</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(vector).CopyTo(bytes);
        else
            for (var i = 0; i < vector.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        return bytes;
    }

    /// <summary>Reads float32 little-endian bytes into <paramref name="destination"/> (its length is the dimension count).</summary>
    public static void FromBytes(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (bytes.Length != destination.Length * sizeof(float))
            throw new ArgumentException($"a stored vector has {bytes.Length} bytes; {destination.Length} dimensions need {destination.Length * sizeof(float)}", nameof(bytes));
        if (BitConverter.IsLittleEndian) bytes.CopyTo(MemoryMarshal.AsBytes(destination));
        else
            for (var i = 0; i < destination.Length; i++)
                destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
    }

    public static float[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var vector = new float[bytes.Length / sizeof(float)];
        FromBytes(bytes, vector);
        return vector;
    }
}
