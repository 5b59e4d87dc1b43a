import type { Child, FC } from 'hono/jsx';
import { AdminLayout } from '../components/AdminLayout.js';

/** The article pages' frame: the newsroom's AdminLayout. */
export const AdminShell: FC<{ title: string; scripts?: string[]; children?: Child }> = (props) => <AdminLayout {...props} />;
