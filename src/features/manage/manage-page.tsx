import { UndoToast } from '../../ui/undo-toast';
import { useAuditUndo } from '../../ui/use-audit-undo';
import { ApiTokensSection } from './api-tokens-section';
import { FlowsSection } from './flows-section';
import { RolesSection } from './roles-section';
import { UserRolesSection } from './user-roles-section';

/** Enough management to run a real app: flows and their status, custom roles, and who holds them. */
export function ManagePage() {
  // Status and role membership changes get a toast with Undo (the change's audit entry, undone).
  const toast = useAuditUndo();
  return (
    <main className="page manage-page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Manage</h1>
          <p className="page__subtitle">
            Create flows and set their status, create and delete custom roles, give users roles, and make API tokens.
          </p>
        </div>
      </header>
      <FlowsSection onChanged={toast.show} />
      <RolesSection />
      <UserRolesSection onChanged={toast.show} />
      <ApiTokensSection />
      <UndoToast notice={toast.notice} onDismiss={toast.dismiss} />
    </main>
  );
}
