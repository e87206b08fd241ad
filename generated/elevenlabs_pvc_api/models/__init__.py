"""Contains all the data models used in inputs/outputs"""

from .add_voice_response_model import AddVoiceResponseModel
from .http_validation_error import HTTPValidationError
from .start_speaker_separation_response_model import StartSpeakerSeparationResponseModel
from .update_sample_body import UpdateSampleBody
from .validation_error import ValidationError

__all__ = (
    "AddVoiceResponseModel",
    "HTTPValidationError",
    "StartSpeakerSeparationResponseModel",
    "UpdateSampleBody",
    "ValidationError",
)
