namespace FieldService.WorkOrders;

/// <summary>Lists work orders from the index that every order keeps up to date.</summary>
[Alias("fs.IWorkOrderDirectoryGrain")]
public interface IWorkOrderDirectoryGrain : IGrainWithIntegerKey
{
    Task<Page<WorkOrderSummary>> ListAsync(WorkOrderQuery query);
}
