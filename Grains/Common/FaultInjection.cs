namespace FieldService.Grains.Common;

/// <summary>
/// A seam for tests that must fail a multi-grain operation half-way (a transfer between two bins): called before each
/// step with the step's name and subject. The platform registers <see cref="NoFaults"/>; only tests replace it.
/// </summary>
public interface IFaultInjection
{
    void Before(string step, string subject);
}

public sealed class NoFaults : IFaultInjection
{
    public void Before(string step, string subject)
    {
    }
}
