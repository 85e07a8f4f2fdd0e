import { useMutation, useQuery } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { login } from '../../../lib/auth/session';

export type RegisterBody = components['schemas']['RegisterDto'];

export function useRegister() {
  // The provisional contract documents no body for 201; DESIGN.md gives {id, email, role}.
  return useMutation({
    mutationFn: async (body: RegisterBody) =>
      (await data(api.POST('/api/auth/register', { body }))) as unknown as {
        id: string;
        email: string;
        role: string;
      },
  });
}

export function useLogin() {
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => login(email, password),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) => data(api.POST('/api/auth/forgot-password', { body: { email } })),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      data(api.POST('/api/auth/reset-password', { body })),
  });
}

/** Runs once per token (a query, so a second render or mount does not spend the one-time token twice). */
export function useVerifyEmail(token: string) {
  return useQuery({
    queryKey: ['verify-email', token],
    queryFn: () => data(api.POST('/api/auth/verify-email', { body: { token } })),
    enabled: token !== '',
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
}
