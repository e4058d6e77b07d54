namespace GrainSystem.Testing;

/// <summary>The three calls of a grain storage provider.</summary>
public enum GrainStorageOperation
{
    Read,
    Write,
    Clear,
}
