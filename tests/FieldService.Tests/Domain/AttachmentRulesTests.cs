using FieldService.Attachments;
using FieldService.Grains.Attachments;
using FieldService.Grains.WorkOrders;
using FieldService.Tests.Infrastructure;
using FieldService.WorkOrders;

namespace FieldService.Tests.Domain;

/// <summary>Issue 14.5 without a cluster: which file may be attached to which order, by whom and when.</summary>
public sealed class AttachmentRulesTests
{
    private static readonly WorkOrder OnSite = WorkOrderLifecycle.Report(
        "wo-1", null, Intakes.Fault() with { CustomerId = "c-1" }, Actor.System, ClusterFixture.Start).Value!.Order with
    {
        Status = WorkOrderStatus.OnSite,
        TechnicianId = "t-1",
    };

    private static readonly Actor Technician = new("u1", Roles.Technician, TechnicianId: "t-1");
    private static readonly AttachmentOptions Limits = new() { MaxBytes = 1000, MaxPerOrder = 2 };

    private static Result<Attachment> Decide(AttachmentUpload upload, WorkOrder? order = null, Actor? actor = null, IReadOnlyList<Attachment>? existing = null) =>
        AttachmentRules.Decide(order ?? OnSite, existing ?? [], upload, actor ?? Technician, Limits, "a-1", ClusterFixture.Start);

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, AttachmentMediaTypes.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, AttachmentMediaTypes.Png)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50, 0x56 }, AttachmentMediaTypes.Webp)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 }, null)] // a RIFF file, but WAVE
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, null)] // GIF
    [InlineData(new byte[] { 0xFF, 0xD8 }, null)] // too short to be a JPEG
    public void P14_5_a_files_type_is_read_from_its_first_bytes(byte[] content, string? expected) =>
        Assert.Equal(expected, AttachmentRules.Sniff(content));

    [Fact]
    public void P14_5_the_assigned_technician_attaches_a_photo_with_its_hash_and_the_platforms_time()
    {
        var decided = Decide(new AttachmentUpload(AttachmentKind.Fault, AttachmentMediaTypes.Png, Photos.Png, "  relay  "));

        Assert.Equal(("wo-1", AttachmentKind.Fault, ClusterFixture.Start, "relay"), (decided.Value!.WorkOrderId, decided.Value.Kind, decided.Value.TakenAt, decided.Value.Caption));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Photos.Png)), decided.Value.Sha256);
        Assert.Equal(Technician, decided.Value.TakenBy);
    }

    [Fact]
    public void P14_5_nobody_but_the_assigned_technician_attaches_and_strangers_learn_nothing()
    {
        var upload = new AttachmentUpload(AttachmentKind.Fault, AttachmentMediaTypes.Png, Photos.Png);

        Assert.Equal(FailureKind.NotFound, Decide(upload, actor: new Actor("u2", Roles.Technician, TechnicianId: "t-2")).Failure!.Kind);
        Assert.Equal(FailureKind.NotFound, Decide(upload, actor: new Actor("u3", Roles.Customer, CustomerId: "c-1")).Failure!.Kind);
        Assert.Equal(FailureKind.NotFound, Decide(upload, actor: new Actor("d1", Roles.Dispatcher)).Failure!.Kind);
        Assert.Equal(FailureKind.NotFound, AttachmentRules.Decide(null, [], upload, Technician, Limits, "a-1", ClusterFixture.Start).Failure!.Kind);
        Assert.False(AttachmentRules.MayAdd(OnSite, 0, new Actor("u3", Roles.Customer, CustomerId: "c-1"), Limits));
    }

    [Theory]
    [InlineData(WorkOrderStatus.Dispatched, false)]
    [InlineData(WorkOrderStatus.Accepted, true)]
    [InlineData(WorkOrderStatus.InRepair, true)]
    [InlineData(WorkOrderStatus.CustomerAccepted, true)]
    [InlineData(WorkOrderStatus.CleanedUp, false)]
    [InlineData(WorkOrderStatus.Closed, false)]
    public void P14_5_photos_are_taken_from_acceptance_until_the_customer_accepts(WorkOrderStatus status, bool open)
    {
        var order = OnSite with { Status = status };
        var decided = Decide(new AttachmentUpload(AttachmentKind.Repair, AttachmentMediaTypes.Png, Photos.Png), order);

        Assert.Equal(open, decided.Succeeded);
        Assert.Equal(open, AttachmentRules.MayAdd(order, 0, Technician, Limits));
        Assert.Equal(open ? null : Kebab.Of(status), decided.Failure?.CurrentStatus);
    }

    [Fact]
    public void P14_5_limits_and_values_are_judged_and_a_key_names_one_file()
    {
        var stored = Decide(new AttachmentUpload(AttachmentKind.Fault, AttachmentMediaTypes.Png, Photos.Png)).Value!;

        Assert.Equal(FailureKind.TooLarge, Decide(new AttachmentUpload(AttachmentKind.Fault, AttachmentMediaTypes.Jpeg, Photos.Jpeg(1001))).Failure!.Kind);
        Assert.Equal(FailureKind.Conflict, Decide(new AttachmentUpload(AttachmentKind.Fault, AttachmentMediaTypes.Png, Photos.Png), existing: [stored with { Id = "x" }, stored with { Id = "y" }]).Failure!.Kind);
        Assert.Equal(["content"], Decide(new AttachmentUpload(AttachmentKind.Fault, AttachmentMediaTypes.Webp, Photos.Png)).Failure!.Errors!.Keys);
        Assert.Equal(["caption"], Decide(new AttachmentUpload(AttachmentKind.Fault, AttachmentMediaTypes.Png, Photos.Png, new string('c', 201))).Failure!.Errors!.Keys);
        Assert.Equal(["kind"], Decide(new AttachmentUpload((AttachmentKind)99, AttachmentMediaTypes.Png, Photos.Png)).Failure!.Errors!.Keys);

        // The same key again: the stored file, even once the order is full or has moved on; another file under it: refused.
        var later = OnSite with { Status = WorkOrderStatus.CleanedUp };
        Assert.Same(stored, Decide(new AttachmentUpload(AttachmentKind.Fault, AttachmentMediaTypes.Png, Photos.Png), later, existing: [stored]).Value);
        Assert.Equal(["idempotencyKey"], Decide(new AttachmentUpload(AttachmentKind.Fault, AttachmentMediaTypes.Jpeg, Photos.Jpeg()), existing: [stored]).Failure!.Errors!.Keys);
        Assert.Equal(AttachmentRules.IdFor("wo-1", "k", () => "fresh"), AttachmentRules.IdFor("wo-1", "k", () => "other"));
        Assert.NotEqual(AttachmentRules.IdFor("wo-1", "k", () => "fresh"), AttachmentRules.IdFor("wo-2", "k", () => "fresh"));
    }
}
