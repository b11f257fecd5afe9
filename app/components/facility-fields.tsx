// The fields of a facility record (FacilityInput), shared by the « Nouveau lieu » form and the edit form.
import { SelectField, TextField } from './form.tsx';

type Field = { name: string; errors?: string[] | undefined; initialValue?: unknown };
export type FacilityFieldset = Record<
  | 'name'
  | 'address'
  | 'addressComplement'
  | 'postcode'
  | 'commune'
  | 'inseeCode'
  | 'pivot'
  | 'latitude'
  | 'longitude'
  | 'phone'
  | 'email'
  | 'openingHours'
  | 'summary'
  | 'accessibility'
  | 'wheelchairAccessible'
  | 'computers'
  | 'organisationId',
  Field
>;

export const openingHoursExample = 'Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00';

const text = (field: Field) =>
  typeof field.initialValue === 'string' || typeof field.initialValue === 'number'
    ? String(field.initialValue)
    : undefined;

/** `partners`: the programme's facility partners, for those who choose the partner (the coordinator). */
export function FacilityFields({
  fields,
  partners,
}: {
  fields: FacilityFieldset;
  partners?: { id: number; name: string }[] | null;
}) {
  const f = fields;
  const wheelchair = f.wheelchairAccessible.initialValue;
  return (
    <>
      <TextField
        name={f.name.name}
        label="Nom du lieu"
        required
        defaultValue={text(f.name)}
        errors={f.name.errors}
      />
      <TextField
        name={f.address.name}
        label="Adresse"
        hint="Numéro et voie, par exemple : 12 rue de Quimper"
        required
        autoComplete="street-address"
        defaultValue={text(f.address)}
        errors={f.address.errors}
      />
      <TextField
        name={f.addressComplement.name}
        label="Complément"
        hint="Bâtiment, étage… (facultatif)"
        defaultValue={text(f.addressComplement)}
        errors={f.addressComplement.errors}
      />
      <TextField
        name={f.postcode.name}
        label="Code postal"
        required
        inputMode="numeric"
        autoComplete="postal-code"
        defaultValue={text(f.postcode)}
        errors={f.postcode.errors}
      />
      <TextField
        name={f.commune.name}
        label="Commune"
        required
        defaultValue={text(f.commune)}
        errors={f.commune.errors}
      />
      <TextField
        name={f.inseeCode.name}
        label="Code INSEE"
        hint="Code de la commune, par exemple 29019 pour Brest (facultatif)"
        defaultValue={text(f.inseeCode)}
        errors={f.inseeCode.errors}
      />
      <TextField
        name={f.pivot.name}
        label="SIRET ou RNA"
        hint="SIRET à 14 chiffres ou numéro RNA (W suivi de 9 chiffres) de la structure (facultatif)"
        defaultValue={text(f.pivot)}
        errors={f.pivot.errors}
      />
      <TextField
        name={f.latitude.name}
        label="Latitude"
        hint="En degrés, par exemple 48.3904 (facultatif)"
        defaultValue={text(f.latitude)}
        errors={f.latitude.errors}
      />
      <TextField
        name={f.longitude.name}
        label="Longitude"
        hint="En degrés, par exemple -4.4861 (facultatif)"
        defaultValue={text(f.longitude)}
        errors={f.longitude.errors}
      />
      <TextField
        name={f.phone.name}
        label="Téléphone"
        type="tel"
        inputMode="tel"
        defaultValue={text(f.phone)}
        errors={f.phone.errors}
      />
      <TextField
        name={f.email.name}
        label="E-mail"
        type="email"
        inputMode="email"
        defaultValue={text(f.email)}
        errors={f.email.errors}
      />
      <TextField
        name={f.openingHours.name}
        label="Horaires d’ouverture"
        hint={`Au format OpenStreetMap, en anglais, par exemple : ${openingHoursExample}`}
        defaultValue={text(f.openingHours)}
        errors={f.openingHours.errors}
      />
      <TextField
        name={f.summary.name}
        label="Présentation courte"
        hint="Une ou deux phrases, 280 caractères au plus (facultatif)"
        defaultValue={text(f.summary)}
        errors={f.summary.errors}
      />
      <TextField
        name={f.accessibility.name}
        label="Accessibilité"
        hint="Entrée de plain-pied, ascenseur, boucle magnétique… (facultatif)"
        defaultValue={text(f.accessibility)}
        errors={f.accessibility.errors}
      />
      <div className={`check${f.wheelchairAccessible.errors?.length ? ' has-error' : ''}`}>
        <input
          type="checkbox"
          id={f.wheelchairAccessible.name}
          name={f.wheelchairAccessible.name}
          defaultChecked={wheelchair === 'on' || wheelchair === true || wheelchair === 'true'}
        />
        <label htmlFor={f.wheelchairAccessible.name}>Accessible en fauteuil roulant</label>
      </div>
      <TextField
        name={f.computers.name}
        label="Ordinateurs disponibles"
        hint="Nombre d’ordinateurs que les habitants peuvent utiliser pendant les ateliers"
        required
        inputMode="numeric"
        defaultValue={text(f.computers)}
        errors={f.computers.errors}
      />
      {partners ? (
        <SelectField
          name={f.organisationId.name}
          label="Partenaire"
          hint="La structure dont les animateurs font vivre ce lieu"
          options={partners.map((p) => ({ value: String(p.id), label: p.name }))}
          defaultValue={text(f.organisationId)}
          errors={f.organisationId.errors}
        />
      ) : null}
    </>
  );
}
