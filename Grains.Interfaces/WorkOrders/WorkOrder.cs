namespace FieldService.WorkOrders;

/// <summary>A work order (D2) as it stands: P2's contents plus everything the repair recorded since.</summary>
[GenerateSerializer, Immutable, Alias("fs.WorkOrder")]
public record WorkOrder
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required WorkOrderStatus Status { get; init; }
    [Id(2)] public required Customer Customer { get; init; }
    [Id(3)] public required Product Product { get; init; }
    [Id(4)] public required Fault Fault { get; init; }
    [Id(5)] public required Priority Priority { get; init; }
    [Id(6)] public required string Region { get; init; }
    [Id(7)] public required SkillRequirement RequiredSkill { get; init; }
    [Id(8)] public string? Requirements { get; init; }
    [Id(9)] public TimeWindow? AgreedArrival { get; init; }
    [Id(10)] public required DateTimeOffset ReportedAt { get; init; }
    [Id(11)] public required string ReportedBy { get; init; }

    /// <summary>P1: whether customer service judged an on-site visit necessary.</summary>
    [Id(12)] public bool? OnSiteNeeded { get; init; }
    [Id(13)] public string? TriageNotes { get; init; }
    [Id(14)] public DateTimeOffset? TriagedAt { get; init; }

    /// <summary>The technician the order is offered or assigned to.</summary>
    [Id(15)] public string? TechnicianId { get; init; }
    /// <summary>P2: when the order was sent to the technician.</summary>
    [Id(16)] public DateTimeOffset? DispatchedAt { get; init; }
    [Id(17)] public DateTimeOffset? AcceptedAt { get; init; }
    [Id(18)] public IReadOnlyList<DeclinedOffer> Declines { get; init; } = [];

    [Id(19)] public DateTimeOffset? EnRouteAt { get; init; }
    [Id(20)] public DateTimeOffset? Eta { get; init; }
    [Id(21)] public IReadOnlyList<Delay> Delays { get; init; } = [];
    [Id(22)] public DateTimeOffset? ArrivedAt { get; init; }

    [Id(23)] public Diagnosis? Diagnosis { get; init; }
    [Id(24)] public DateTimeOffset? RepairStartedAt { get; init; }
    [Id(25)] public IReadOnlyList<ProgressNote> Progress { get; init; } = [];
    [Id(26)] public IReadOnlyList<PartsWait> PartsWaits { get; init; } = [];

    [Id(27)] public SelfCheck? SelfCheck { get; init; }
    [Id(28)] public DateTimeOffset? CompletedAt { get; init; }
    [Id(29)] public CustomerSignature? Signature { get; init; }
    [Id(30)] public DateTimeOffset? CleanedUpAt { get; init; }
    [Id(31)] public CallbackSurvey? Callback { get; init; }

    /// <summary>Why the order closed: <c>repaired</c> or <c>resolved-remotely</c>.</summary>
    [Id(32)] public string? Resolution { get; init; }
    [Id(33)] public DateTimeOffset? ClosedAt { get; init; }
    [Id(34)] public Cancellation? Cancellation { get; init; }

    /// <summary>Increments with every recorded change; the number of the last history entry.</summary>
    [Id(35)] public long Version { get; init; }
    [Id(36)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The customer account the order belongs to (its owner may follow and sign it).</summary>
    [Id(37)] public string? CustomerId { get; init; }

    /// <summary>The regulation's deadlines for this order: due, met, breached or stopped.</summary>
    [Id(38)] public IReadOnlyList<FieldService.Clocks.SlaClock> Clocks { get; init; } = [];

    /// <summary>Messages sent about this order (to the customer, dispatch, teams).</summary>
    [Id(39)] public IReadOnlyList<FieldService.Clocks.Notification> Notifications { get; init; } = [];

    /// <summary>E2: when and how the technician contacted the customer.</summary>
    [Id(40)] public IReadOnlyList<CustomerContact> Contacts { get; init; } = [];

    /// <summary>E1: the kind of emergency, which selects the plan.</summary>
    [Id(41)] public string? IncidentType { get; init; }

    /// <summary>E1: the emergency plan (as it stood) this order is handled under.</summary>
    [Id(42)] public FieldService.Escalations.EmergencyPlan? Plan { get; init; }

    /// <summary>E3: the post-incident review; an emergency order cannot close without it.</summary>
    [Id(43)] public PostIncidentReview? Review { get; init; }

    /// <summary>P2: a dispatcher pulled the order back; automatic dispatch leaves it alone until someone dispatches it.</summary>
    [Id(44)] public bool DispatchHeld { get; init; }

    /// <summary>P6/M3: units reserved for the parts the repair waits for (van first, then the region's warehouse).</summary>
    [Id(45)] public IReadOnlyList<PartLine> PartsReserved { get; init; } = [];

    /// <summary>Q2: units issued to the repair, net of returns, per bin.</summary>
    [Id(46)] public IReadOnlyList<PartLine> PartsUsed { get; init; } = [];

    /// <summary>Q3: whether the latest completion must be inspected before handover, and why.</summary>
    [Id(47)] public InspectionRequirement? InspectionRequirement { get; init; }

    /// <summary>Q3/Q4: every inspection, oldest first (a failed one was followed by rework).</summary>
    [Id(48)] public IReadOnlyList<Inspection> Inspections { get; init; } = [];

    /// <summary>Q4: compensation claims and their decisions.</summary>
    [Id(49)] public IReadOnlyList<CompensationClaim> Claims { get; init; } = [];

    /// <summary>TS1: hard faults escalated to technical support, with the answers.</summary>
    [Id(50)] public IReadOnlyList<SupportRequest> SupportRequests { get; init; } = [];

    /// <summary>CS1: the customer's messages about the order by mail or chat, oldest first (the first reported it when
    /// the order came in by mail or chat).</summary>
    [Id(51)] public IReadOnlyList<ThreadMessage> Thread { get; init; } = [];
}
