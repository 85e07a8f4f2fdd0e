import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../../lib/api/client';
import { ApiError } from '../../../lib/api/errors';
import type { components } from '../../../lib/api/schema';

export type Profile = components['schemas']['StarterProfileView'];
export type ProfileBody = components['schemas']['PutStarterProfileDto'];
export type Place = components['schemas']['PlaceDto'];

/** The caller's profile, or null while they have none yet (the API answers 404 PROFILE.NOT_FOUND). */
export function useProfile() {
  return useQuery({
    queryKey: ['starter-profile'],
    queryFn: async (): Promise<Profile | null> => {
      try {
        return await data(api.GET('/api/starter-profile'));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
}

export function useSaveProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileBody) => data(api.PUT('/api/starter-profile', { body })),
    onSuccess: (saved) => client.setQueryData(['starter-profile'], saved),
  });
}

/** The place of a PC4 as the user types it; null for an unknown postcode. */
export function usePlace(pc4: string) {
  return useQuery({
    queryKey: ['place', pc4],
    queryFn: async (): Promise<Place | null> => {
      try {
        return await data(api.GET('/api/places/{pc4}', { params: { path: { pc4 } } }));
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return null;
        throw err;
      }
    },
    enabled: /^\d{4}$/.test(pc4),
    staleTime: Infinity,
  });
}

const today = () => new Date().toISOString().slice(0, 10);

/** The body a first save starts from: the API needs every field, the user fills them section by section. */
export function startingBody(verified: boolean): ProfileBody {
  return {
    careerStage: 'aios',
    homePostcode: '',
    maxTravelKm: 30,
    preferredRegionIds: [],
    daysPerWeekMin: 3,
    daysPerWeekMax: 4,
    practiceForms: ['duo', 'group'],
    roles: ['partner'],
    availableFrom: today(),
    transitionMonthsWanted: 0,
    setting: 'any',
    dispensingOk: false,
    anwHoursPerMonthMax: null,
    wantsTrainingPractice: false,
    trainingRegionId: null,
    lookingForDuoPartner: false,
    partnerNeedsWork: false,
    about: '',
    active: verified,
    alerts: { enabled: false, minScore: 70 },
  };
}

export function toBody(p: Profile): ProfileBody {
  return {
    careerStage: p.careerStage,
    homePostcode: p.homePostcode,
    maxTravelKm: p.maxTravelKm,
    preferredRegionIds: p.preferredRegionIds,
    daysPerWeekMin: p.daysPerWeekMin,
    daysPerWeekMax: p.daysPerWeekMax,
    practiceForms: p.practiceForms,
    roles: p.roles,
    availableFrom: p.availableFrom,
    transitionMonthsWanted: p.transitionMonthsWanted,
    setting: p.setting,
    dispensingOk: p.dispensingOk,
    anwHoursPerMonthMax: p.anwHoursPerMonthMax,
    wantsTrainingPractice: p.wantsTrainingPractice,
    trainingRegionId: p.trainingRegionId,
    lookingForDuoPartner: p.lookingForDuoPartner,
    partnerNeedsWork: p.partnerNeedsWork,
    about: p.about,
    active: p.active,
    alerts: p.alerts,
  };
}
