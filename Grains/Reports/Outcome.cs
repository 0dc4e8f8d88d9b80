namespace FieldService.Grains.Reports;

/// <summary>Where one order stands on one clause. A breach recorded once stays a breach, whatever follows.</summary>
public enum Outcome
{
    Met,
    Breached,
    Open,
    NotApplicable,
}
