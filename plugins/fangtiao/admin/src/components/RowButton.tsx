import { IconButton } from '@strapi/design-system';
import { styled } from 'styled-components';

/** A ghost icon button whose disabled state fades out instead of looking pressed. */
export const RowButton = styled(IconButton)`
  &[aria-disabled='true'],
  &:disabled {
    background: transparent;
    border-color: transparent;
    opacity: 0.3;
  }
`;
