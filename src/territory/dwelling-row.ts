// The one shape in which dwellings leave this module, with their building's address.
import { building, dwelling, sector } from './schema.ts';

export const dwellingColumns = {
  id: dwelling.id,
  landlordReference: dwelling.landlordReference,
  floor: dwelling.floor,
  rooms: dwelling.rooms,
  status: dwelling.status,
  buildingId: dwelling.buildingId,
  sectorId: dwelling.sectorId,
  sectorName: sector.name,
  address: building.address,
  postcode: building.postcode,
  city: building.city,
};

export interface DwellingRow {
  id: number;
  landlordReference: string;
  floor: number | null;
  rooms: number | null;
  status: DwellingStatus;
  buildingId: number;
  sectorId: number;
  sectorName: string;
  address: string;
  postcode: string;
  city: string;
}

export const dwellingStatuses = ['occupied', 'vacant', 'unavailable'] as const;
export type DwellingStatus = (typeof dwellingStatuses)[number];
