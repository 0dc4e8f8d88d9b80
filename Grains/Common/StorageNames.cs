namespace FieldService.Grains.Common;

/// <summary>Names of the grain storage providers the grains ask for; the silo decides what backs them.</summary>
public static class StorageNames
{
    /// <summary>Work orders and technicians.</summary>
    public const string Records = "fieldservice";
}
