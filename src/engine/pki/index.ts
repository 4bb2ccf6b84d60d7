/** The certification office and security-PC authentication of docs/pki.md, with real X.509. */
export {createOffice, issueDeviceCertificate, type Office, type OfficeSecrets} from './office.js';
export {signPackage, manifestText, parseManifest, type Manifest} from './package-auth.js';
export {authenticateOnDevice, AUTH_MEMORY_REQUIRED, type AuthFailure, type AuthInput} from './authenticate.js';
export {healthyDevice, applyDeviceFault, receivedPayload, type AuthDevice} from './device.js';
export {DEVICE_FAULTS, type DeviceFault} from '../device-faults.js';
export {describeCertificate, type CertificateSummary} from './describe.js';
export {inspectDevice, type DeviceInspection, type DeviceFinding, type DeviceCertificateView} from './inspect.js';
