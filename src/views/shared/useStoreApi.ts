/**
 * Which store a view reads: the `store` prop when given (tests, embedding), else the nearest
 * StoreContext provider, else the app's singleton store.
 */
import { createContext, useContext } from 'react';
import type { StoreApi } from 'zustand';
import { appStore } from '../../store';
import type { AppState } from '../../store/types';

export const StoreContext = createContext<StoreApi<AppState> | null>(null);

export function useStoreApi(override?: StoreApi<AppState> | null): StoreApi<AppState> {
  const fromContext = useContext(StoreContext);
  return override ?? fromContext ?? appStore;
}
