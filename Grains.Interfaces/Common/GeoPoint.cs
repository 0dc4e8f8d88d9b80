namespace FieldService;

/// <summary>A position in WGS 84 degrees.</summary>
[GenerateSerializer, Immutable, Alias("fs.GeoPoint")]
public sealed record GeoPoint([property: Id(0)] double Lat, [property: Id(1)] double Lon);
