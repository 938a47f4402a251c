using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Builder.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OnePendingApprovalRequest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Duplicates that a race may already have created: the earliest stays pending, the others are cancelled.
            migrationBuilder.Sql(@"UPDATE ApprovalRequests SET Status = 'Cancelled', Outcome = 'A duplicate of an earlier pending request for the same operation.'
WHERE Status = 'Pending' AND EXISTS (SELECT 1 FROM ApprovalRequests o WHERE o.Status = 'Pending'
  AND o.Operation = ApprovalRequests.Operation AND o.ResourceType = ApprovalRequests.ResourceType AND o.ResourceId = ApprovalRequests.ResourceId
  AND (o.CreatedAt < ApprovalRequests.CreatedAt OR (o.CreatedAt = ApprovalRequests.CreatedAt AND o.Id < ApprovalRequests.Id)))");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_OnePending",
                table: "ApprovalRequests",
                columns: new[] { "Operation", "ResourceType", "ResourceId" },
                unique: true,
                filter: "Status = 'Pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ApprovalRequests_OnePending",
                table: "ApprovalRequests");
        }
    }
}
