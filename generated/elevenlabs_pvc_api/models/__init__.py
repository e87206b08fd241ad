"""Contains all the data models used in inputs/outputs"""

from .add_samples_body import AddSamplesBody
from .add_voice_response_model import AddVoiceResponseModel
from .create_voice_body import CreateVoiceBody
from .create_voice_body_labels_type_0 import CreateVoiceBodyLabelsType0
from .delete_voice_sample_response_model import DeleteVoiceSampleResponseModel
from .edit_voice_body import EditVoiceBody
from .edit_voice_body_labels_type_0 import EditVoiceBodyLabelsType0
from .http_validation_error import HTTPValidationError
from .request_pvc_manual_verification_response_model import RequestPVCManualVerificationResponseModel
from .request_verification_body import RequestVerificationBody
from .sample_response_model import SampleResponseModel
from .speaker_audio_response_model import SpeakerAudioResponseModel
from .speaker_response_model import SpeakerResponseModel
from .speaker_separation_response_model import SpeakerSeparationResponseModel
from .speaker_separation_response_model_speakers_type_0 import SpeakerSeparationResponseModelSpeakersType0
from .speaker_separation_response_model_status import SpeakerSeparationResponseModelStatus
from .start_pvc_voice_training_response_model import StartPVCVoiceTrainingResponseModel
from .start_speaker_separation_response_model import StartSpeakerSeparationResponseModel
from .train_voice_body import TrainVoiceBody
from .update_sample_body import UpdateSampleBody
from .utterance_response_model import UtteranceResponseModel
from .validation_error import ValidationError
from .verify_captcha_body import VerifyCaptchaBody
from .verify_pvc_voice_captcha_response_model import VerifyPVCVoiceCaptchaResponseModel
from .voice_sample_preview_response_model import VoiceSamplePreviewResponseModel
from .voice_sample_visual_waveform_response_model import VoiceSampleVisualWaveformResponseModel

__all__ = (
    "AddSamplesBody",
    "AddVoiceResponseModel",
    "CreateVoiceBody",
    "CreateVoiceBodyLabelsType0",
    "DeleteVoiceSampleResponseModel",
    "EditVoiceBody",
    "EditVoiceBodyLabelsType0",
    "HTTPValidationError",
    "RequestPVCManualVerificationResponseModel",
    "RequestVerificationBody",
    "SampleResponseModel",
    "SpeakerAudioResponseModel",
    "SpeakerResponseModel",
    "SpeakerSeparationResponseModel",
    "SpeakerSeparationResponseModelSpeakersType0",
    "SpeakerSeparationResponseModelStatus",
    "StartPVCVoiceTrainingResponseModel",
    "StartSpeakerSeparationResponseModel",
    "TrainVoiceBody",
    "UpdateSampleBody",
    "UtteranceResponseModel",
    "ValidationError",
    "VerifyCaptchaBody",
    "VerifyPVCVoiceCaptchaResponseModel",
    "VoiceSamplePreviewResponseModel",
    "VoiceSampleVisualWaveformResponseModel",
)
