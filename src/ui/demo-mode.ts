import { createContext, useContext } from 'react';

/** True in the demo (data served in the browser): demo-only controls such as Try it show. */
export const DemoModeContext = createContext(false);

export const useDemoMode = () => useContext(DemoModeContext);
