/** Prefix of every versioned REST resource; controllers use `@Controller(`${API_V1}/cases`)`. */
export const API_V1 = 'api/v1';
