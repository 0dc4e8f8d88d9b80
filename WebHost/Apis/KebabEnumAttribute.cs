namespace FieldService.WebHost.Apis;

/// <summary>A request member read as a kebab-case <paramref name="enumType"/> value (see <c>EnumField</c>): the
/// document lists the accepted values.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class KebabEnumAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType;
}
