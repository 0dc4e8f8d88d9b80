namespace FieldService;

/// <summary>
/// A grain method that may be sent again without asking whether the first call ran: running it twice leaves what
/// running it once does (taking an order already held, releasing one not held). A silo that is stopping fails calls
/// already on their way to it whether or not they ran; a repeatable call is then sent once more and reaches the grain
/// on a silo that stays (issue 17.4, the silo's outgoing call filter), where any other command keeps its 503.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RepeatableAttribute : Attribute;
