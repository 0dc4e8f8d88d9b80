using FieldService.WorkOrders;

namespace FieldService.Complaints;

// The steps after opening (one file: a closed family, each a line long). The action recorded is complaint-{status}.

/// <summary>A step in a complaint's lifecycle, decided by the complaint's rules.</summary>
[GenerateSerializer, Immutable, Alias("fs.ComplaintCommand")]
public abstract record ComplaintCommand;

/// <summary>Customer service looked into the complaint: what it found.</summary>
[GenerateSerializer, Immutable, Alias("fs.InvestigateComplaint")]
public sealed record InvestigateComplaint([property: Id(0)] string Findings) : ComplaintCommand;

/// <summary>The decision: what is done about it, and whether it is upheld against the technician (H2).</summary>
[GenerateSerializer, Immutable, Alias("fs.ResolveComplaint")]
public sealed record ResolveComplaint([property: Id(0)] string Resolution, [property: Id(1)] bool UpheldAgainstTechnician) : ComplaintCommand;

/// <summary>P9: the result was fed back to the customer, through a channel, and what they answered.</summary>
[GenerateSerializer, Immutable, Alias("fs.FeedBackComplaint")]
public sealed record FeedBackComplaint([property: Id(0)] Channel Channel, [property: Id(1)] string CustomerResponse) : ComplaintCommand;
