namespace FieldService.Complaints;

/// <summary>What a complaint is about; the first three feed the technician's assessment (H2). Serialized kebab-case.</summary>
public enum ComplaintCategory
{
    /// <summary>The technician's attitude or behaviour on site (H2 service attitude, H3 conduct).</summary>
    Conduct,
    /// <summary>The repair did not hold or was not done to standard (H2 repair quality, Q4).</summary>
    RepairQuality,
    /// <summary>Late, or the agreed time not kept (P2–P4).</summary>
    Timeliness,
    /// <summary>The site was left untidy (P8).</summary>
    Cleanliness,
    /// <summary>The cost or the estimate (P5).</summary>
    Cost,
    /// <summary>Anything else, e.g. a complaint given in free text on the callback survey.</summary>
    Other,
}
